import pandas as pd

from tracker.intake import identity

SEPARATOR = identity.SEPARATOR


def test_name_keys_fold_each_name_and_keep_the_rows_order():
    region = pd.Series(["臺北市", "台北市", "深圳市", None], dtype=object)
    task = pd.Series(["ＡＢＣ 管廊", "abc管廊", "管廊", "管廊"], dtype=object)
    indicator = pd.Series(["开工", "开工", "开工", "开工"], dtype=object)
    keys = identity.name_keys(region, task, indicator).tolist()
    # full-width forms, case, spaces and Traditional characters fold to one key
    assert keys[0] == keys[1]
    assert keys[0].split(SEPARATOR)[1:] == ["abc管廊", "开工"]
    assert keys[2] == SEPARATOR.join(["深圳市", "管廊", "开工"])
    assert keys[3] is None  # a row missing a name has no key


def test_keys_as_codes_give_each_distinct_key_one_code_and_missing_names_none():
    region = pd.Series(["臺北市", "台北市", "深圳市", None, "深圳市"], dtype=object)
    task = pd.Series(["管廊", "管廊", "管廊", "管廊", "管廊"], dtype=object)
    indicator = pd.Series(["开工"] * 5, dtype=object)
    owners = pd.Series(["住建局", "住建局 ", "ＡＢＣ", "住建局", "abc"], dtype=object)
    name_codes, names = identity.name_key_codes(region, task, indicator)
    # 臺北市 and 台北市 fold to one key, so they share a code; a row missing a name has none
    assert name_codes.tolist() == [0, 0, 1, -1, 1]
    assert len(names) == 2 and None not in names.tolist()
    key_codes, keys = identity.match_key_codes(name_codes, names, owners)
    assert key_codes.tolist() == [0, 0, 1, -1, 1]  # owners fold too: ＡＢＣ is abc
    assert len(keys) == 2
    # the same keys as the row by row forms
    by_rows = identity.match_keys(identity.name_keys(region, task, indicator), owners)
    assert identity.keyed(key_codes, keys, region.index).tolist() == by_rows.tolist()
    assert by_rows[3] is None
