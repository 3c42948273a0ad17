// A stand-in for https://js.stripe.com/v3/ in the browser tests: the same calls the pay page makes
// (Stripe(), elements(), create("payment").mount(), confirmPayment()), talking to "api.stripe.com",
// which the test answers from the fake Stripe server. A card number ending 0002 is declined.
(function () {
    "use strict";
    window.Stripe = function (publishableKey, options) {
        let clientSecret = null;
        return {
            elements: function (opts) {
                clientSecret = opts.clientSecret;
                return {
                    create: function () {
                        return {
                            mount: function (selector) {
                                document.querySelector(selector).innerHTML =
                                    '<label for="card-number">Card</label>' +
                                    '<input id="card-number" class="form-control" autocomplete="cc-number">';
                            },
                        };
                    },
                };
            },
            confirmPayment: function (args) {
                const intentId = clientSecret.split("_secret_")[0];
                const card = document.getElementById("card-number").value;
                return fetch("https://api.stripe.com/v1/payment_intents/" + intentId + "/confirm", {
                    method: "POST",
                    headers: {"Content-Type": "application/x-www-form-urlencoded"},
                    body: new URLSearchParams({client_secret: clientSecret, key: publishableKey, card: card}),
                }).then(function (response) { return response.json(); }).then(function (intent) {
                    if (intent.status === "succeeded") {
                        const url = new URL(args.confirmParams.return_url);
                        url.searchParams.set("payment_intent", intent.id);
                        url.searchParams.set("redirect_status", "succeeded");
                        window.location.href = url.toString();
                        return new Promise(function () {});  // the page is leaving, as with Stripe
                    }
                    return {error: {message: intent.last_payment_error.message}};
                });
            },
        };
    };
})();
