"""Render a HomeSection's template with ``context`` as portal.py promises.

``{% include name with context=... %}`` cannot do it: Django's Context.push() takes its first
argument as ``context``, so a variable of that name raises a TypeError.
"""

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString

from seg_portal.portal import HomeSection

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section: HomeSection) -> SafeString:
    # The page's variables (user, request, csrf_token) without running context processors again.
    values = {**context.flatten(), "context": section.context}
    return get_template(section.template_name).render(values)
