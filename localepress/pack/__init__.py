"""A workflow's whole run: the workflow file, the export pack and the run lock."""
