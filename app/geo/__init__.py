"""Geography: Belgian postcodes, municipality names and distances, from shipped data."""
