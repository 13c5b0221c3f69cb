"""Counter Workstation: the desktop application of a Secretary of State business-services
counter."""

__version__ = "0.1.0"
APP_NAME = "Counter Workstation"
APP_ID = "CounterWorkstation"
ORG_NAME = "Business Services Division"
