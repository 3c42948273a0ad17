"""The step a guest's form takes to prove a mobile: the first post texts a code to it
(households.onetime), the next one with the code checks it. Guest checkout and the lookup by mobile
both use it."""

from core.http import client_bucket
from core.phones import masked_mobile
from households import onetime


class MobileCodeMixin:
    """For a FormView whose form has `mobile` and `code`: `form_valid` calls `code_step(form)`,
    which answers a response (a code sent, or a refusal shown on the form) or None once the code
    is right; `verified_mobile` then holds the number."""

    code_purpose = ""

    @property
    def pending_key(self) -> str:
        return f"mobile_code_pending:{self.code_purpose}"

    def get_context_data(self, **kwargs):
        pending = self.request.session.get(self.pending_key)
        return super().get_context_data(code_sent_to=masked_mobile(pending) if pending else "", **kwargs)

    def code_step(self, form, *, keep=()):
        mobile, code = form.cleaned_data["mobile"], form.cleaned_data["code"]
        if not code or self.request.session.get(self.pending_key) != mobile:
            try:
                onetime.send_code(purpose=self.code_purpose, mobile=mobile, client=client_bucket(self.request))
            except onetime.CodeRefused as refusal:
                form.add_error("mobile", str(refusal))
                return self.form_invalid(form)
            self.request.session[self.pending_key] = mobile
            initial = {"mobile": mobile, **{name: form.cleaned_data[name] for name in keep}}
            return self.render_to_response(self.get_context_data(form=self.form_class(initial=initial)))
        try:
            onetime.check_code(purpose=self.code_purpose, mobile=mobile, code=code)
        except onetime.CodeRefused as refusal:
            form.add_error("code", str(refusal))
            return self.form_invalid(form)
        del self.request.session[self.pending_key]
        self.verified_mobile = mobile
        return None
