// Province → city → county: refill a select when the one above it changes (shop.address.forms).
(function () {
    "use strict";
    document.querySelectorAll("select[data-divisions]").forEach(function (select) {
        const parentName = select.dataset.divisions;
        if (!parentName) return;
        const parent = select.form.elements[parentName];
        if (!parent) return;
        function refill() {
            const first = select.options[0].cloneNode(true);
            select.replaceChildren(first);
            select.dispatchEvent(new Event("change"));
            if (!parent.value) return;
            fetch(select.dataset.url + "?parent=" + encodeURIComponent(parent.value), {credentials: "same-origin"})
                .then(function (response) { return response.ok ? response.json() : {divisions: []}; })
                .then(function (data) {
                    data.divisions.forEach(function (pair) { select.add(new Option(pair[1], pair[0])); });
                    select.required = data.divisions.length > 0;
                    select.disabled = data.divisions.length === 0;
                });
        }
        parent.addEventListener("change", refill);
        // A province picked before this script ran (a slow phone, a restored page): its cities too.
        if (parent.value && select.options.length <= 1) refill();
    });
})();
