// The quantity stepper of the product page's buy bar: − and + within the input's min and max.
(function () {
    "use strict";
    document.querySelectorAll(".stepper").forEach(function (stepper) {
        const input = stepper.querySelector("input");
        function step(by) {
            const min = Number(input.min || 1), max = input.max ? Number(input.max) : Infinity;
            const value = Math.min(max, Math.max(min, (Number(input.value) || min) + by));
            input.value = value;
        }
        stepper.querySelector(".stepper-down").addEventListener("click", function () { step(-1); });
        stepper.querySelector(".stepper-up").addEventListener("click", function () { step(1); });
    });
})();
