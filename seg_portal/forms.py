"""How every form of the portal renders its fields (settings.FORM_RENDERER)."""

from django.forms import BoundField, CheckboxInput
from django.forms.renderers import DjangoTemplates


class PortalBoundField(BoundField):
    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        # A checkbox's label stands beside the box (seg.css puts the box first): French's
        # " :" there reads as if a value followed.
        if label_suffix is None and isinstance(self.field.widget, CheckboxInput):
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class PortalFormRenderer(DjangoTemplates):
    bound_field_class = PortalBoundField
