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
    async function showQueue() {
        const records = await StationQueue.all();
        document.getElementById("queue-count").textContent = records.length;
        box.hidden = records.length === 0;
        list.replaceChildren(...records.map((record) => {
            const item = document.createElement("li");
            item.dataset.key = record.key;
            item.className = "st-queued st-" + record.state;
            item.textContent = record.label + " · " + (record.state === "refused" ? words.refused + ": " + record.reason : words.waiting);
            if (record.state === "refused") {
                const drop = document.createElement("button");
                drop.type = "button";
                drop.className = "st-link";
                drop.textContent = "✕";
                drop.addEventListener("click", () => StationQueue.remove(record.key));
                item.append(" ", drop);
            }
            return item;
        }));
    }
    StationQueue.listen((event) => {
        if (event.type === "booked") {
            toast(event.record.label + " · " + words.booked);
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
            for (const option of pick.options) {
                option.hidden = text !== "" && !option.textContent.toLowerCase().includes(text);
                if (!option.hidden && !first) {
                    first = option;
                }
            }
            if (first && text) {
                pick.value = first.value;
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
        pick.addEventListener("change", prefill);
        supply.addEventListener("change", (event) => {
            if (event.target.name === "product") {
                prefill();
            }
        });

        supply.addEventListener("submit", async (event) => {
            event.preventDefault();
            const form = supply.elements;
            const product = supply.querySelector("input[name=product]:checked");
            const household = households[form.household.value];
            const record = {
                key: form.key.value, kind: "lot", url: supply.dataset.api,
                label: (household ? household.name : "?") + " · " + (product ? products[product.value].title : "?") + " × " + form.quantity.value,
                fields: {household: form.household.value, product: product ? product.value : "",
                         quantity: form.quantity.value, unit_price: form.unit_price.value,
                         supplied_on: form.supplied_on.value, confirm_large: form.confirm_large.checked},
            };
            await StationQueue.add(record);
            newKey(supply);
            form.quantity.value = "";
            form.confirm_large.checked = false;
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
        product.addEventListener("submit", async (event) => {
            event.preventDefault();
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
})();
