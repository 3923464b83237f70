#!/usr/bin/env python3
"""Restores "javaType" keys in the OCPP 1.6 JSON schemas so that jsonschema2pojo generates ONE class per
shared type (IdTagInfo, MeterValue, ChargingProfile, ...) instead of IdTagInfo__1, IdTagInfo__2, ...

The 1.6 schemas in shared/ocpp-schemas/ocpp16 come from a bundle that dropped OCA's javaType keys. This
script copies them and puts a javaType on
  - every nested object type (named after the OCPP 1.6 specification, section 7 "Types"),
  - the enums shared between messages (AuthorizationStatus, the SampledValue enums, the charging
    profile enums),
  - every entry of "definitions" (the Security Whitepaper messages), named as OCA names them in 2.0.1:
    the definition name without its "Type" suffix (CertificateHashDataType -> CertificateHashData).
Enums used by a single message (BootNotificationResponse.status, ...) stay nested in their message class.

It fails when two nodes given the same javaType differ in structure, or when a nested object is left
without a name. The result is committed; run it again only when the source schemas change:

    python3 ocpp-server/src/build/restore-v16-javatype.py \
        ../shared/ocpp-schemas/ocpp16 ocpp-server/src/main/resources/ocpp/schemas/v16
"""
import json
import pathlib
import sys

# Nested objects, by property name (array properties name their items).
OBJECTS = {
    "idTagInfo": "IdTagInfo",
    "chargingProfile": "ChargingProfile",
    "csChargingProfiles": "ChargingProfile",
    "chargingSchedule": "ChargingSchedule",
    "chargingSchedulePeriod": "ChargingSchedulePeriod",
    "meterValue": "MeterValue",
    "transactionData": "MeterValue",
    "sampledValue": "SampledValue",
    "configurationKey": "KeyValue",
    "localAuthorizationList": "AuthorizationData",
}

# Shared enums, by (javaType of the enclosing object or file name, property name); "*" matches any.
ENUMS = {
    ("IdTagInfo", "status"): "AuthorizationStatus",
    ("SampledValue", "context"): "ReadingContext",
    ("SampledValue", "format"): "ValueFormat",
    ("SampledValue", "measurand"): "Measurand",
    ("SampledValue", "phase"): "Phase",
    ("SampledValue", "location"): "Location",
    ("SampledValue", "unit"): "UnitOfMeasure",
    ("ChargingProfile", "chargingProfilePurpose"): "ChargingProfilePurposeType",
    ("ClearChargingProfile", "chargingProfilePurpose"): "ChargingProfilePurposeType",
    ("ChargingProfile", "chargingProfileKind"): "ChargingProfileKindType",
    ("ChargingProfile", "recurrencyKind"): "RecurrencyKindType",
    ("*", "chargingRateUnit"): "ChargingRateUnitType",
}


def with_java_type(node, java_type):
    """The node with "javaType" as its first key (for readable diffs)."""
    result = {"javaType": java_type}
    result.update((k, v) for k, v in node.items() if k != "javaType")
    return result


def canonical(node):
    if isinstance(node, dict):
        return {k: canonical(v) for k, v in node.items() if k != "javaType"}
    if isinstance(node, list):
        return [canonical(v) for v in node]
    return node


class Restorer:
    def __init__(self):
        self.seen = {}  # javaType -> (file, canonical structure)
        self.errors = []

    def name(self, node, java_type, where):
        structure = json.dumps(canonical(node), sort_keys=True)
        first = self.seen.setdefault(java_type, (where, structure))
        if first[1] != structure:
            self.errors.append(f"{where}: {java_type} differs from the one in {first[0]}")
        return with_java_type(node, java_type)

    def walk(self, node, prop, owner, where):
        """Returns the node with javaTypes added below it; owner is the enclosing class's name."""
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return node
        java_type = None
        if node.get("type") == "object" and prop is not None:
            java_type = OBJECTS.get(prop)
            if java_type is None:
                self.errors.append(f"{where}: nested object '{prop}' has no javaType rule")
        elif "enum" in node and prop is not None:
            java_type = ENUMS.get((owner, prop)) or ENUMS.get(("*", prop))
        node = dict(node)
        inner_owner = java_type if node.get("type") == "object" and java_type else owner
        if "properties" in node:
            node["properties"] = {
                k: self.walk(v, k, inner_owner, f"{where}.{k}") for k, v in node["properties"].items()
            }
        if "items" in node:
            node["items"] = self.walk(node["items"], prop, owner, f"{where}[]")
            return node  # the array itself gets no name; its items do
        if "definitions" in node:
            node["definitions"] = {
                k: self.name(self.walk(v, None, k, f"{where}#{k}"), k.removesuffix("Type"), f"{where}#{k}")
                for k, v in node["definitions"].items()
            }
        return self.name(node, java_type, where) if java_type else node


def main(source, target):
    source, target = pathlib.Path(source), pathlib.Path(target)
    target.mkdir(parents=True, exist_ok=True)
    restorer = Restorer()
    results = {}
    for path in sorted(source.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        results[path.name] = restorer.walk(schema, None, path.stem, path.stem)
    if restorer.errors:
        sys.exit("\n".join(restorer.errors))
    for name, schema in results.items():
        (target / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(results)} schemas written to {target}; javaTypes: {', '.join(sorted(restorer.seen))}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} SOURCE_DIR TARGET_DIR")
    main(sys.argv[1], sys.argv[2])
