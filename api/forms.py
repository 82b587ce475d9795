from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(label="设备名称", max_length=60, help_text="例如“我的手机”“会议平板”")
