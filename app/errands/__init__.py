"""The neighbour and the requester once a request is taken: details, masked calls."""
