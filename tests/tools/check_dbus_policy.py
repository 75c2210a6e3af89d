#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that a D-Bus policy file and the interface it guards agree: both parse as XML, every
method anyone may call exists in the interface, only the kiosk, the log and courier services and
IT's group send to it (the services and IT only their own methods), every interface method is listed (a new method
must be a decision, not an accident), the default context denies everything, and no policy allows
introspection. Usage: check_dbus_policy.py POLICY.conf INTERFACE.xml"""
import sys
import xml.etree.ElementTree as ET


# Who may send to the vault at all, and (None: any method) what. The device's services and IT's
# tool get exactly their methods; the kiosk never gets the service-only ones.
SERVICE_ONLY = {"AuditBundleSince", "ReportDelivery"}
CALLERS = {
    "mamori-kiosk": None,
    "mamori-log": {"AuditBundleSince", "Status"},
    "mamori-net": {"ReportDelivery"},
    "@mamori-it": {"Status", "BeginLogin", "CompleteLogin", "Logout", "CreateUser", "EnrolCard", "RevokeCard",
                   "ListCards"},
}


def main() -> int:
    policy_path, interface_path = sys.argv[1], sys.argv[2]
    interface = ET.parse(interface_path).getroot().find("interface")
    name = interface.get("name")
    methods = {m.get("name") for m in interface.findall("method")}
    policy = ET.parse(policy_path).getroot()
    problems = []
    allowed = set()
    for block in policy.findall("policy"):
        for allow in block.findall("allow"):
            if allow.get("send_interface") in ("org.freedesktop.DBus.Introspectable", "org.freedesktop.DBus.Properties"):
                problems.append(f"policy {block.attrib} allows introspection or properties")
            if allow.get("send_destination") == name:
                who = block.get("user") or ("@" + block.get("group", "?"))
                member = allow.get("send_member")
                if who not in CALLERS:
                    problems.append(f"policy {block.attrib} may send to {name}")
                elif CALLERS[who] is not None and member not in CALLERS[who]:
                    problems.append(f"policy {block.attrib} may call {member}, outside its set")
                elif who == "mamori-kiosk" and member in SERVICE_ONLY:
                    problems.append(f"the kiosk may call {member}, which only a device service may")
                if allow.get("send_interface") != name or not member:
                    problems.append("an allow rule without interface and member")
                allowed.add(member)
            if allow.get("own") == name and block.get("user") != "mamori-vault":
                problems.append(f"policy {block.attrib} may own {name}")
    default = [b for b in policy.findall("policy") if b.get("context") == "default"]
    if not default or not any(d.get("send_destination") == name and not d.get("send_interface")
                              for d in default[0].findall("deny")):
        problems.append("the default context does not deny sending to the vault")
    for missing in sorted(allowed - methods):
        problems.append(f"policy allows {missing}, which the interface does not have")
    for unlisted in sorted(methods - allowed):
        problems.append(f"interface method {unlisted} is not in the policy (decide who may call it)")
    for problem in problems:
        print("check_dbus_policy:", problem)
    if not problems:
        print(f"check_dbus_policy: {len(allowed)} methods, policy and interface agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
