/* The station's queue: supply lots and new products kept on the phone (IndexedDB) until they are
 * sent to the site's API. Each record keeps the key the page made for it, so the server books it once
 * however often it is sent; what the server refuses stays on the phone with its reasons, by field,
 * until the coordinator corrects it (it goes back into its form) or drops it.
 *
 *   StationQueue.add(record)   record: {key, kind: "lot"|"product", url, label, fields: {...}, photo?: Blob}
 *   StationQueue.all()         every record still on the phone
 *   StationQueue.flush()       send what waits (called when the signal returns, on load, every 30 s)
 */
(function () {
    "use strict";
    const DB_NAME = "linkou-station", STORE = "records";
    const listeners = [];

    function open() {
        return new Promise((resolve, reject) => {
            const request = indexedDB.open(DB_NAME, 1);
            request.onupgradeneeded = () => request.result.createObjectStore(STORE, {keyPath: "key"});
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    }

    async function store(mode, work) {
        const db = await open();
        return new Promise((resolve, reject) => {
            const tx = db.transaction(STORE, mode);
            const result = work(tx.objectStore(STORE));
            tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
            tx.onerror = () => reject(tx.error);
        });
    }

    function csrfToken() {
        const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : "";
    }

    function body(record) {
        if (record.kind === "product") {
            const form = new FormData();
            Object.entries(record.fields).forEach(([name, value]) => form.append(name, value));
            form.append("key", record.key);
            if (record.photo) {
                form.append("photo", record.photo, "photo.jpg");
            }
            return form;
        }
        return JSON.stringify({...record.fields, key: record.key});
    }

    let sending = null;

    async function sendAll() {
        const records = await StationQueue.all();
        for (const record of records) {
            if (record.state === "refused") {
                continue;
            }
            let response;
            try {
                const headers = {"X-CSRFToken": csrfToken(), "Accept": "application/json"};
                if (record.kind !== "product") {
                    headers["Content-Type"] = "application/json";
                }
                response = await fetch(record.url, {method: "POST", credentials: "same-origin", headers, body: body(record)});
            } catch (error) {
                return "offline";  // no signal: the rest waits too
            }
            if (response.status === 200 || response.status === 201) {
                await store("readwrite", (s) => s.delete(record.key));
                notify({type: "booked", record, answer: await response.json()});
            } else if (response.status === 400) {
                const answer = await response.json().catch(() => ({}));
                // Kept by field, so the page names each field beside the server's reason.
                await store("readwrite", (s) => s.put({...record, state: "refused", errors: answer.errors || {}}));
                notify({type: "refused", record});
            } else if (response.status === 401 || response.status === 403) {
                notify({type: "signed-out", record});
                return "signed-out";
            } else {
                return "server";  // try again later
            }
        }
        return "sent";
    }

    function notify(event) {
        listeners.forEach((listener) => listener(event));
    }

    window.StationQueue = {
        add(record) {
            return store("readwrite", (s) => s.put({...record, state: "waiting", queuedAt: Date.now()})).then(() => notify({type: "queued", record}));
        },
        all() {
            return store("readonly", (s) => s.getAll());
        },
        get(key) {
            return store("readonly", (s) => s.get(key));
        },
        remove(key) {
            return store("readwrite", (s) => s.delete(key)).then(() => notify({type: "removed"}));
        },
        flush() {
            if (!sending) {
                sending = sendAll().finally(() => {
                    sending = null;
                    notify({type: "flushed"});
                });
            }
            return sending;
        },
        listen(listener) {
            listeners.push(listener);
        },
    };

    window.addEventListener("online", () => StationQueue.flush());
    window.addEventListener("load", () => StationQueue.flush());
    setInterval(() => navigator.onLine && StationQueue.flush(), 30000);
})();
