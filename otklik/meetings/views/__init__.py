"""The staff pages of meetings and instructions: thin views over otklik.meetings.actions."""
