"""Reading and writing metricsmith's own files (profiles, projects) safely."""
