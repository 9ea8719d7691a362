// Keyboard work in the lists and on the cards (j/k, open, dismiss, create, assign, /, ?).
