"""Help requests: what a caller needs, from the call to the neighbour who helps."""
