"""Cloud region names as code writes them, mapped to the catalog's region codes.

The codes are the keys of `data.catalog.regions` (policies/catalog/regions/data.yaml). Only exact
region names are mapped, each to the country or union the provider's own region list places it
in (AWS: docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html; Google Cloud:
cloud.google.com/about/locations; Azure: learn.microsoft.com/azure/reliability/regions-list). A
name that is not listed here (a new region, a typo, a location without a catalog code such as
me-south-1 Bahrain or asia-east1 Taiwan) maps to None: no guessing from a prefix, so an unknown
region stays unknown and the rules fail closed on it.
"""

from __future__ import annotations

# AWS region -> catalog region code.
AWS_REGIONS: dict[str, str] = {
    "us-east-1": "us",
    "us-east-2": "us",
    "us-west-1": "us",
    "us-west-2": "us",
    "us-gov-east-1": "us-gov",
    "us-gov-west-1": "us-gov",
    "ca-central-1": "ca",
    "ca-west-1": "ca",
    "eu-west-1": "eu",  # Ireland
    "eu-west-2": "uk",  # London
    "eu-west-3": "eu",  # Paris
    "eu-central-1": "eu",  # Frankfurt
    "eu-central-2": "ch",  # Zurich
    "eu-north-1": "eu",  # Stockholm
    "eu-south-1": "eu",  # Milan
    "eu-south-2": "eu",  # Spain
    "ap-northeast-1": "jp",  # Tokyo
    "ap-northeast-3": "jp",  # Osaka
    "ap-northeast-2": "kr",  # Seoul
    "ap-southeast-1": "sg",  # Singapore
    "ap-southeast-2": "au",  # Sydney
    "ap-southeast-4": "au",  # Melbourne
    "ap-south-1": "in",  # Mumbai
    "ap-south-2": "in",  # Hyderabad
    "sa-east-1": "br",  # Sao Paulo
    "me-central-1": "ae",  # UAE
    "cn-north-1": "cn",  # Beijing
    "cn-northwest-1": "cn",  # Ningxia
}

# Google Cloud location (Vertex AI `location`, the `<location>-aiplatform` host) -> region code.
GCP_REGIONS: dict[str, str] = {
    "us": "us",  # Vertex AI multi-region
    "eu": "eu",  # Vertex AI multi-region
    "us-central1": "us",
    "us-east1": "us",
    "us-east4": "us",
    "us-east5": "us",
    "us-south1": "us",
    "us-west1": "us",
    "us-west2": "us",
    "us-west3": "us",
    "us-west4": "us",
    "europe-west1": "eu",  # Belgium
    "europe-west2": "uk",  # London
    "europe-west3": "eu",  # Frankfurt
    "europe-west4": "eu",  # Netherlands
    "europe-west6": "ch",  # Zurich
    "europe-west8": "eu",  # Milan
    "europe-west9": "eu",  # Paris
    "europe-west10": "eu",  # Berlin
    "europe-west12": "eu",  # Turin
    "europe-north1": "eu",  # Finland
    "europe-central2": "eu",  # Warsaw
    "europe-southwest1": "eu",  # Madrid
    "asia-northeast1": "jp",  # Tokyo
    "asia-northeast2": "jp",  # Osaka
    "asia-northeast3": "kr",  # Seoul
    "asia-southeast1": "sg",  # Singapore
    "asia-south1": "in",  # Mumbai
    "asia-south2": "in",  # Delhi
    "australia-southeast1": "au",  # Sydney
    "australia-southeast2": "au",  # Melbourne
    "northamerica-northeast1": "ca",  # Montreal
    "northamerica-northeast2": "ca",  # Toronto
    "southamerica-east1": "br",  # Sao Paulo
    "me-central2": "sa",  # Dammam
}

# Azure region (the `<region>.api.cognitive.microsoft.com` host) -> region code.
AZURE_REGIONS: dict[str, str] = {
    "eastus": "us",
    "eastus2": "us",
    "westus": "us",
    "westus2": "us",
    "westus3": "us",
    "centralus": "us",
    "northcentralus": "us",
    "southcentralus": "us",
    "swedencentral": "eu",
    "francecentral": "eu",
    "germanywestcentral": "eu",
    "westeurope": "eu",  # Netherlands
    "northeurope": "eu",  # Ireland
    "polandcentral": "eu",
    "italynorth": "eu",
    "spaincentral": "eu",
    "uksouth": "uk",
    "ukwest": "uk",
    "switzerlandnorth": "ch",
    "switzerlandwest": "ch",
    "canadaeast": "ca",
    "canadacentral": "ca",
    "japaneast": "jp",
    "japanwest": "jp",
    "koreacentral": "kr",
    "australiaeast": "au",
    "southindia": "in",
    "centralindia": "in",
    "brazilsouth": "br",
    "uaenorth": "ae",
    "southeastasia": "sg",
}

# Bedrock cross-region inference profile prefix -> (deployment type, region code). The catalog's
# aws-bedrock `geo` deployment type keeps processing inside the profile's geography; `apac` spans
# several catalog regions, so its region is None; `global` keeps no residency.
BEDROCK_PROFILES: dict[str, tuple[str, str | None]] = {
    "us": ("geo", "us"),
    "us-gov": ("geo", "us-gov"),
    "eu": ("geo", "eu"),
    "jp": ("geo", "jp"),
    "au": ("geo", "au"),
    "ca": ("geo", "ca"),
    "apac": ("geo", None),
    "global": ("global", None),
}


def cloud_region(name: str | None) -> str | None:
    """The catalog region code of an AWS, Google Cloud or Azure region name, else None."""
    if not name:
        return None
    key = name.strip().lower()
    return AWS_REGIONS.get(key) or GCP_REGIONS.get(key) or AZURE_REGIONS.get(key)
