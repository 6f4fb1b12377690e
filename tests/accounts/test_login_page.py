"""The login page names the e-mail field the same way in its label and its placeholder."""

import re

from django.urls import reverse


def test_the_login_field_reads_adresse_e_mail_in_label_and_placeholder(client, db):
    html = client.get(reverse("account_login")).content.decode()
    label = re.search(r'<label for="id_login"[^>]*>([^<]*)</label>', html)[1]
    assert label.rstrip(" :\xa0") == "Adresse e-mail"  # French: a no-break space before the colon
    assert 'placeholder="Adresse e-mail"' in html
    assert "Courriel" not in html


def test_the_password_reset_page_says_adresse_e_mail_too(client, db):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "Courriel" not in html
    assert "Adresse e-mail" in html
