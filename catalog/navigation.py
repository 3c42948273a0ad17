"""The category links every storefront page shows (the header's chips, the filter sheet's tree),
cached: they change when staff edit a category, not with each page. The cache is Redis when
REDIS_URL is set (every app server forgets at once), else this process's memory for at most
NAVIGATION_SECONDS."""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from oscar.core.loading import get_model
from oscar.templatetags.category_tags import get_annotated_list

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
NAVIGATION_SECONDS = 300
CHIPS_KEY, TREE_KEY = "catalog:category-chips", "catalog:category-tree"


def _chips() -> list[dict]:
    roots = list(Category.get_root_nodes().filter(exclude_from_menu=False))
    if len(roots) == 1:
        children = list(roots[0].get_children().filter(exclude_from_menu=False))
        roots = children or roots
    language = translation.get_language()
    return [{"pk": c.pk, "name": c.name_in(language), "path": c.path, "url": c.get_absolute_url()} for c in roots]


def category_chips() -> list[dict]:
    """The header's chips (name, path, url): the root categories, or under a single root (乡村好物)
    its children. Kept with their addresses, so that a page asks the cache once, not per chip."""
    return cache.get_or_set(f"{CHIPS_KEY}:{translation.get_language()}", _chips, NAVIGATION_SECONDS)


def category_tree() -> list:
    """Oscar's annotated category tree (its {% category_tree %}) for the filter sheet."""
    return cache.get_or_set(TREE_KEY, get_annotated_list, NAVIGATION_SECONDS)


def product_breadcrumbs(product) -> list:
    """The product's first category and the categories above it, top first, as tree items
    (name, url): one query for the product's category, the rest from the cached tree."""
    path = (ProductCategory.objects.filter(product=product).order_by("pk")
            .values_list("category__path", flat=True).first())
    if not path:
        return []
    by_path = {item.category.path: item for item in category_tree()}
    step = Category.steplen
    return [by_path[path[:end]] for end in range(step, len(path) + 1, step) if path[:end] in by_path]


def forget_categories(**kwargs) -> None:
    cache.delete_many([TREE_KEY] + [f"{CHIPS_KEY}:{code}" for code, _name in settings.LANGUAGES])
