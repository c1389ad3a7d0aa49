"""World trade flows, the region as a location among countries, and the export-opportunity pages."""
