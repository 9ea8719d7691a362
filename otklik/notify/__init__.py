"""Outbound staff notifications (e-mail, Telegram and MAX bots) and the deadline escalations."""
