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
