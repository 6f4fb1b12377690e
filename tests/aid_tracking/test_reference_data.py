from django.core.management import call_command

from aid_tracking.models import Codelist, CodelistItem, CreddAxis, Currency, Sector


def test_reference_data_has_french_and_english_names(reference_data):
    disbursement = reference_data.code("TransactionType", "3")
    assert disbursement.name_en == "Disbursement"
    assert disbursement.name_fr == "Décaissement"
    assert Sector.objects.get(code="12220").category.code == "122"
    assert Currency.objects.get(code="XOF").name_fr == "Franc CFA (BCEAO)"
    assert CreddAxis.objects.get(number=5).name_fr == "Développement du capital humain"


def test_codes_without_a_french_name_fall_back_to_english(reference_data):
    # IATI publishes Currency in English only: the English name stands in rather than nothing.
    assert all(item.name_fr for item in CodelistItem.objects.all())
    assert reference_data.code("PolicySignificance", "2").name_fr == "Objectif principal"


def test_every_codelist_the_portal_uses_is_loaded(reference_data):
    loaded = set(CodelistItem.objects.values_list("codelist", flat=True))
    assert loaded == set(Codelist.values)
    assert CodelistItem.objects.filter(codelist="UNSDG-Goals").count() == 17


def test_load_reference_data_command_is_idempotent(reference_data, capsys):
    before = CodelistItem.objects.count(), Sector.objects.count(), Currency.objects.count()
    call_command("load_reference_data")
    call_command("load_reference_data")
    after = CodelistItem.objects.count(), Sector.objects.count(), Currency.objects.count()
    assert before == after
    assert "sectors: 325" in capsys.readouterr().out
