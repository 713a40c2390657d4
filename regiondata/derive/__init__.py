"""From cleaned tables to the derived data: membership and aggregation, derived tables, the snapshot store,
the refresh and demo pipelines, demo tables and region boundaries."""
