"""What parsing and reporting are driven by: schemas/, the gazetteer and the user's configuration."""
