"""ipywidgets views. Each module builds one view; views wire widgets to kit.logic and kit.store only."""
