app_name = "aid_tracking"

urlpatterns: list = []
