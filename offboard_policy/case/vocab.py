"""Controlled vocabularies of the case: city keys, asset kinds and account systems.

Each vocabulary maps a key (what the rules compare with) to the names people write for it in
Chinese and English. :func:`normalise` folds case, spaces and hyphens and looks the result up,
so ``上海``, ``上海市``, ``Shanghai`` and ``SHANGHAI`` are all ``shanghai``, and ``笔记本`` is
``laptop``. The tables are data: a new city or a new kind is one line here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

CITIES: dict[str, tuple[str, ...]] = {
    "beijing": ("北京", "北京市", "peking"),
    "shanghai": ("上海", "上海市"),
    "shenzhen": ("深圳", "深圳市"),
    "guangzhou": ("广州", "广州市", "canton"),
    "hangzhou": ("杭州", "杭州市"),
    "chengdu": ("成都", "成都市"),
    "tianjin": ("天津", "天津市"),
    "chongqing": ("重庆", "重庆市"),
    "wuhan": ("武汉", "武汉市"),
    "nanjing": ("南京", "南京市"),
    "suzhou": ("苏州", "苏州市"),
    "xian": ("西安", "西安市", "xi'an", "xi_an"),
    "lanzhou": ("兰州", "兰州市"),
}
"""Cities the case recognises without a policy's help: pinyin key -> other names. A policy
that supplies figures for another city (``set:`` or a table) makes that key known too."""

ASSET_KINDS: dict[str, tuple[str, ...]] = {
    "laptop": ("notebook", "notebook_computer", "笔记本", "笔记本电脑", "手提电脑"),
    "desktop": ("pc", "desktop_computer", "台式机", "台式电脑", "电脑主机"),
    "monitor": ("display", "screen", "显示器"),
    "phone": ("mobile", "mobile_phone", "cellphone", "手机", "工作手机"),
    "tablet": ("ipad", "平板", "平板电脑"),
    "badge": ("employee_badge", "id_badge", "工牌", "工卡", "胸卡"),
    "door_access": ("access_card", "door_card", "key_card", "门禁", "门禁卡"),
    "keys": ("key", "钥匙"),
    "vehicle": ("car", "company_car", "车辆", "公车", "公司车辆"),
    "tools": ("tool", "equipment", "工具", "设备"),
    "uniform": ("制服", "工服", "工作服"),
    "security_token": ("token", "usb_key", "ukey", "令牌", "u盾"),
    "corporate_card": ("credit_card", "公务卡", "公司信用卡"),
    "documents": ("files", "paper_documents", "资料", "文件"),
    "other": ("其他", "其它"),
}
"""``steps.assets[].kind``: what the asset is (``other`` needs a ``note``)."""

ACCOUNT_SYSTEMS: dict[str, tuple[str, ...]] = {
    "mail": ("email", "e_mail", "邮箱", "邮件", "企业邮箱"),
    "vpn": ("远程接入",),
    "code_repository": ("gitlab", "github", "gitee", "git", "svn", "repository", "repo",
                        "代码库", "代码仓库"),
    "erp": ("sap", "企业资源计划"),
    "mes": ("制造执行系统",),
    "crm": ("客户关系管理", "客户管理系统"),
    "hr_system": ("hr", "hris", "ehr", "人事系统"),
    "oa": ("办公系统", "协同办公"),
    "im": ("wecom", "wechat_work", "企业微信", "dingtalk", "钉钉", "feishu", "lark", "飞书",
           "slack", "teams"),
    "sso": ("ldap", "active_directory", "domain_account", "域账号", "统一认证"),
    "cloud": ("aws", "aliyun", "阿里云", "云平台"),
    "finance": ("财务系统", "报销系统"),
    "wiki": ("confluence", "知识库"),
    "door_access": ("access_card", "门禁", "门禁卡", "门禁权限"),
    "other": ("其他", "其它"),
}
"""``steps.accounts[].system``: the system the account belongs to (``other`` needs a
``note``)."""

_FOLD = re.compile(r"[\s\-]+")


def fold(text: str) -> str:
    """``text`` as looked up: case folded, trimmed, spaces and hyphens as ``_``."""
    return _FOLD.sub("_", text.strip().casefold()).strip("_")


@cache
def _index(table: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, aliases in table:
        out[fold(key)] = key
        for alias in aliases:
            out[fold(alias)] = key
    return out


def _frozen(table: Mapping[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((k, tuple(v)) for k, v in table.items())


@dataclass
class Unknown(Exception):
    """A value in none of a vocabulary's names: the closest key and every key."""

    value: str
    close: str | None
    known: tuple[str, ...]

    def message(self, what: str) -> str:
        """``unknown city 'shangai'; did you mean 'shanghai'? (known: beijing, ...)``."""
        hint = f"; did you mean '{self.close}'?" if self.close else ""
        return f"unknown {what} '{self.value}'{hint} (known: {', '.join(self.known)})"


def normalise(value: str, table: Mapping[str, Iterable[str]],
              extra: Iterable[str] = ()) -> str:
    """The key ``value`` names in ``table`` (or among the ``extra`` keys), or raise Unknown."""
    index = dict(_index(_frozen(table)))
    for key in extra:
        index.setdefault(fold(key), key)
    folded = fold(value)
    found = index.get(folded) or index.get(folded.removesuffix("_city"))
    if found is not None:
        return found
    keys = tuple(sorted(set(index.values())))
    close = difflib.get_close_matches(folded, list(index), n=1, cutoff=0.6)
    raise Unknown(value, index[close[0]] if close else None, keys)


def city_key(value: str) -> str:
    """The city key for ``value`` if it names a city of :data:`CITIES`; else ``value``
    folded (a policy may still know it: the engine decides)."""
    try:
        return normalise(value, CITIES)
    except Unknown:
        return fold(value)


@dataclass(frozen=True)
class Vocabulary:
    """Marks a case field as a vocabulary: rules see it as the enum ``name`` of ``keys``."""

    name: str
    keys: tuple[str, ...]
