from .auth import PortalLoginView
from .calendar import CalendarFeedView, CalendarView, SubscribeView
from .dashboard import DashboardView

__all__ = ["CalendarFeedView", "CalendarView", "DashboardView", "PortalLoginView", "SubscribeView"]
