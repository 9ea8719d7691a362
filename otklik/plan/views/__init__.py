"""The content plan's pages (/plan/): the posts' list, card and form (`posts`), the buttons on a
post's card (`post_buttons`), the campaigns (`campaigns`). Only the press service sees them
(actions.can_plan); every change goes through otklik.plan.actions."""
