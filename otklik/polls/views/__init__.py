"""The polls' pages: the residents' (no login) and the press service's. Thin: each validates a
form and calls one action of otklik.polls.actions."""
