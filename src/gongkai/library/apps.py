from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "gongkai.library"
    label = "library"
    verbose_name = "法律法规库"

    def ready(self) -> None:
        from gongkai.library import search_source
        from gongkai.search.sources import SearchSource, register_search_source

        # the library is reference material, not the site's own information (decision 0008)
        register_search_source(
            SearchSource(
                search_source.SOURCE,
                search_source.all_records,
                search_source.changes,
                kind="library",
            )
        )
