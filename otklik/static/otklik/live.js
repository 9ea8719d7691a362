// Live updates: new messages, assignments and approval requests without a reload.
