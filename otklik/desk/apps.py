from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The press officer's desk: pages that put messages, suggestions and incidents side by side.

    It stands above every domain app, so it may show and call all of them; the domain apps
    below never import it.
    """

    name = "otklik.desk"
    label = "desk"

    def ready(self) -> None:
        from otklik.desk.progress import progress_panel
        from otklik.incidents import panels

        panels.register("desk/progress_panel.html", progress_panel)
