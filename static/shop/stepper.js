// The quantity steppers: − and + within the input's min and max. On the basket (a stepper marked
// data-submit-on-step) a step sends the basket's form after a short pause, so that three taps on +
// make one request; without JavaScript the basket shows an 更新 button instead.
(function () {
    "use strict";
    document.querySelectorAll(".stepper").forEach(function (stepper) {
        const input = stepper.querySelector("input");
        let timer = null;
        function send() {
            if (stepper.hasAttribute("data-submit-on-step") && input.form) {
                clearTimeout(timer);
                timer = setTimeout(function () { input.form.requestSubmit(); }, 600);
            }
        }
        function step(by) {
            const min = Number(input.min || 1), max = input.max ? Number(input.max) : Infinity;
            const value = Math.min(max, Math.max(min, (Number(input.value) || min) + by));
            if (String(value) !== input.value) {
                input.value = value;
                send();
            }
        }
        stepper.querySelector(".stepper-down").addEventListener("click", function () { step(-1); });
        stepper.querySelector(".stepper-up").addEventListener("click", function () { step(1); });
        input.addEventListener("change", send);
    });
})();
