"""The operator's wrap-up by phone, once the caller hung up."""
