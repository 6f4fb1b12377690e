app_name = "code_of_conduct"

urlpatterns: list = []
