/* The station pages' behaviour: installs the service worker, shows the signal and the queue, and
 * sends the forms through the queue (static/station/queue.js), so that they work without a signal.
 * Without JavaScript the forms post to the page as usual. */
(function () {
    "use strict";
    const words = JSON.parse(document.getElementById("station-words").textContent);

    if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register(document.body.dataset.serviceWorker, {scope: document.body.dataset.scope})
            .catch(() => {});
    }

    const signal = document.getElementById("signal");
    function showSignal() {
        signal.hidden = navigator.onLine;
    }
    window.addEventListener("online", showSignal);
    window.addEventListener("offline", showSignal);
    showSignal();

    // --- the queue ---------------------------------------------------------------------------
    const box = document.getElementById("queue-box");
    const list = document.getElementById("queue-list");
    const refusedList = document.getElementById("refused-list");
    const pages = {lot: document.body.dataset.supplyUrl, product: document.body.dataset.productUrl};

    /* "Quantity: must be at least 1" — each reason after the name of the field it is about. */
    function reasons(record) {
        if (record.reason) {  // a record refused before reasons were kept by field
            return [record.reason];
        }
        return Object.entries(record.errors || {}).map(([field, messages]) => {
            const name = words.fields[field], reason = [].concat(messages).join(" ");
            return name ? words.fieldReason.replace("{field}", name).replace("{reason}", reason) : reason;
        });
    }

    function button(text, action) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = "st-link";
        element.textContent = text;
        element.addEventListener("click", action);
        return element;
    }

    async function showQueue() {
        const records = await StationQueue.all();
        const waiting = records.filter((record) => record.state !== "refused");
        const refused = records.filter((record) => record.state === "refused");
        document.getElementById("queue-count").textContent = waiting.length;
        document.getElementById("refused-count").textContent = refused.length;
        document.getElementById("queue-waiting").hidden = waiting.length === 0;
        document.getElementById("queue-refused").hidden = refused.length === 0;
        box.hidden = records.length === 0;
        list.replaceChildren(...waiting.map((record) => {
            const item = document.createElement("li");
            item.dataset.key = record.key;
            item.className = "st-queued st-waiting";
            item.textContent = record.label + " · " + words.waiting;
            return item;
        }));
        refusedList.replaceChildren(...refused.map((record) => {
            const item = document.createElement("li");
            item.dataset.key = record.key;
            item.className = "st-queued st-refused";
            item.append(record.label + " · " + words.refused);
            for (const reason of reasons(record)) {
                const line = document.createElement("span");
                line.className = "st-reason";
                line.textContent = reason;
                item.append(line);
            }
            const actions = document.createElement("span");
            actions.className = "st-actions";
            actions.append(button(words.edit, () => edit(record)), button(words.drop, () => StationQueue.remove(record.key)));
            item.append(actions);
            return item;
        }));
    }

    /* A refused record goes back into its form (on its own page), to be corrected and sent again. */
    function edit(record) {
        const form = document.querySelector(`form[data-queue="${record.kind}"]`);
        if (!form) {
            window.location.href = pages[record.kind] + "#edit=" + encodeURIComponent(record.key);
            return;
        }
        form.dispatchEvent(new CustomEvent("station:restore", {detail: record}));
        StationQueue.remove(record.key);
        form.scrollIntoView({behavior: "smooth"});
    }

    async function restoreFromAddress() {
        const match = window.location.hash.match(/^#edit=(.+)$/);
        if (match) {
            const record = await StationQueue.get(decodeURIComponent(match[1]));
            history.replaceState(null, "", window.location.pathname);
            if (record) {
                edit(record);
            }
        }
    }

    /* The page's own check before a record is queued: what is missing is said at the field, and
     * nothing is queued (the server checks everything again when the record arrives). */
    function missing(form, names) {
        form.querySelectorAll(".st-error.st-local").forEach((note) => note.remove());
        let first = null;
        for (const name of names) {
            const element = form.elements[name];
            const value = element instanceof RadioNodeList ? element.value : (element && element.value || "").trim();
            if (!value) {
                const note = document.createElement("p");
                note.className = "st-error st-local";
                note.textContent = words.required;
                const anchor = element instanceof RadioNodeList ? element[0].closest("[role=radiogroup]") : element;
                anchor.after(note);
                first = first || anchor;
            }
        }
        if (first) {
            first.scrollIntoView({behavior: "smooth", block: "center"});
        }
        return first !== null;
    }

    StationQueue.listen((event) => {
        if (event.type === "booked") {
            toast(event.record.label + " · " + (event.record.kind === "product" ? words.listed : words.booked));
        } else if (event.type === "signed-out") {
            toast(words.signedOut);
        }
        showQueue();
    });
    document.getElementById("queue-send").addEventListener("click", () => StationQueue.flush());
    showQueue();

    function toast(text) {
        const note = document.createElement("div");
        note.className = "st-alert st-alert-success";
        note.setAttribute("role", "status");
        note.textContent = text;
        box.before(note);
        setTimeout(() => note.remove(), 6000);
    }

    function newKey(form) {
        form.elements.key.value = crypto.randomUUID();
    }

    // --- supply intake ----------------------------------------------------------------------
    const supply = document.getElementById("supply-form");
    if (supply) {
        const data = JSON.parse(document.getElementById("intake-data").textContent);
        const households = Object.fromEntries(data.households.map((h) => [String(h.id), h]));
        const products = Object.fromEntries(data.products.map((p) => [String(p.id), p]));
        const search = document.getElementById("household-search");
        const pick = supply.elements.household;
        const price = supply.elements.unit_price;
        let pricePrefilled = !price.value;

        search.addEventListener("input", () => {
            const text = search.value.trim().toLowerCase();
            let first = null;
            for (const choice of supply.querySelectorAll("[data-household]")) {
                choice.hidden = text !== "" && !choice.textContent.toLowerCase().includes(text);
                if (!choice.hidden && !first) {
                    first = choice.querySelector("input");
                }
            }
            if (first && text) {
                first.checked = true;
                prefill();
            }
        });
        function prefill() {
            const household = households[pick.value];
            const product = supply.querySelector("input[name=product]:checked");
            if (!household || !product || (price.value && !pricePrefilled)) {
                return;
            }
            const last = household.prices[product.value];
            if (last) {
                price.value = last;
                pricePrefilled = true;
            }
        }
        price.addEventListener("input", () => { pricePrefilled = false; });
        supply.addEventListener("change", (event) => {
            if (event.target.name === "product" || event.target.name === "household") {
                prefill();
            }
        });

        supply.addEventListener("station:restore", (event) => {
            const fields = event.detail.fields;
            pick.value = fields.household;
            supply.querySelectorAll("input[name=product]").forEach((radio) => { radio.checked = radio.value === fields.product; });
            supply.elements.quantity.value = fields.quantity;
            price.value = fields.unit_price;
            pricePrefilled = false;
            supply.elements.supplied_on.value = fields.supplied_on;
            supply.elements.confirm_large.checked = Boolean(fields.confirm_large);
            document.getElementById("confirm-large-box").hidden = !fields.confirm_large && document.getElementById("confirm-large-box").hidden;
            // Refused as the same lot recorded a moment ago: the box to say it really came twice.
            const repeated = Boolean(fields.confirm_repeat) || "confirm_repeat" in (event.detail.errors || {});
            supply.elements.confirm_repeat.checked = Boolean(fields.confirm_repeat);
            document.getElementById("confirm-repeat-box").hidden = !repeated;
        });

        supply.addEventListener("submit", async (event) => {
            event.preventDefault();
            if (missing(supply, ["household", "product", "quantity", "unit_price", "supplied_on"])) {
                return;
            }
            const form = supply.elements;
            const product = supply.querySelector("input[name=product]:checked");
            const household = households[form.household.value];
            const record = {
                key: form.key.value, kind: "lot", url: supply.dataset.api,
                label: (household ? household.name : "?") + " · " + (product ? products[product.value].title : "?") + " × " + form.quantity.value,
                fields: {household: form.household.value, product: product ? product.value : "",
                         quantity: form.quantity.value, unit_price: form.unit_price.value,
                         supplied_on: form.supplied_on.value, confirm_large: form.confirm_large.checked,
                         confirm_repeat: form.confirm_repeat.checked},
            };
            await StationQueue.add(record);
            newKey(supply);
            form.quantity.value = "";
            form.confirm_large.checked = false;
            form.confirm_repeat.checked = false;
            document.getElementById("confirm-repeat-box").hidden = true;
            StationQueue.flush();
        });
    }

    // --- a new product from the camera -------------------------------------------------------
    const product = document.getElementById("product-form");
    if (product) {
        const input = product.elements.photo;
        const preview = document.getElementById("photo-preview");
        let shrunk = null;
        input.addEventListener("change", async () => {
            shrunk = input.files[0] ? await shrink(input.files[0], 1600) : null;
            preview.hidden = !shrunk;
            if (shrunk) {
                preview.src = URL.createObjectURL(shrunk);
            }
        });
        product.addEventListener("station:restore", (event) => {
            const record = event.detail;
            for (const [name, value] of Object.entries(record.fields)) {
                const element = product.elements[name];
                if (element && element.type === "checkbox") {
                    element.checked = value === "on";
                } else if (element && element.type !== "file") {
                    element.value = value;
                }
            }
            shrunk = record.photo || null;
            preview.hidden = !shrunk;
            if (shrunk) {
                preview.src = URL.createObjectURL(shrunk);
            }
        });
        product.addEventListener("submit", async (event) => {
            event.preventDefault();
            if (missing(product, ["title", "product_class", "price", "net_weight_kg"])) {
                return;
            }
            if (!shrunk) {  // the server refuses a product without its photo
                product.querySelectorAll(".st-error.st-local").forEach((note) => note.remove());
                const note = document.createElement("p");
                note.className = "st-error st-local";
                note.textContent = words.required;
                input.after(note);
                input.scrollIntoView({behavior: "smooth", block: "center"});
                return;
            }
            const form = product.elements;
            const fields = {};
            for (const element of form) {
                if (!element.name || ["key", "photo", "csrfmiddlewaretoken"].includes(element.name)) {
                    continue;
                }
                fields[element.name] = element.type === "checkbox" ? (element.checked ? "on" : "") : element.value;
            }
            await StationQueue.add({key: form.key.value, kind: "product", url: product.dataset.api,
                                    label: form.title.value || "?", fields, photo: shrunk});
            newKey(product);
            product.reset();
            preview.hidden = true;
            shrunk = null;
            StationQueue.flush();
        });
    }

    /* The photo made smaller on the phone before it travels: at most `longest` pixels a side, JPEG. */
    function shrink(file, longest) {
        return new Promise((resolve) => {
            const image = new Image();
            image.onload = () => {
                const scale = Math.min(1, longest / Math.max(image.width, image.height));
                const canvas = document.createElement("canvas");
                canvas.width = Math.round(image.width * scale);
                canvas.height = Math.round(image.height * scale);
                canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
                canvas.toBlob((blob) => resolve(blob), "image/jpeg", 0.85);
                URL.revokeObjectURL(image.src);
            };
            image.onerror = () => resolve(null);
            image.src = URL.createObjectURL(file);
        });
    }
    restoreFromAddress();  // last: the forms listen for "station:restore" by now
})();
