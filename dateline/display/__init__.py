"""Display code shared by the exports and the dashboard: date and label wording, kind colours, the figures.

Nothing here imports Streamlit or the dashboard's widgets: the engine's exports draw with it, and
the dashboard's widgets wrap it.
"""
