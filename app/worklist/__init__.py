"""The work list: what a coordinator must do next, claimed so only one person acts."""
