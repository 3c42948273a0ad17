/* What inline event handlers did, for pages under a Content-Security-Policy that runs no inline script
 * without the response's nonce: elements say what they want with data attributes.
 *   <select data-submit-on-change>      submits its form when changed
 *   <button data-confirm="…">           asks before its form is sent (a link: before it is followed)
 *   <a data-print>                      prints the page
 *   <a data-go-back>                    goes back one page
 *   <a data-close-window>               closes a pop-up window (Oscar's dashboard pop-ups)
 *   <img data-upload-button="#id">      an image upload's preview: hides its button once the chosen
 *                                       picture shows, shows it again (with data-upload-error) if not
 * And what the storefront's pages, which load neither jQuery nor Bootstrap's scripts, took from them:
 *   <a data-dismiss="alert">            closes its message (Bootstrap's alert)
 *   <input class="facet_checkbox">      goes to the filter's address in the .facet_url beside it
 *                                       (Oscar's oscar.search.init)
 */
(function () {
    "use strict";
    document.addEventListener("change", function (event) {
        var field = event.target.closest && event.target.closest("[data-submit-on-change]");
        if (field && field.form) {
            field.form.submit();
            return;
        }
        if (event.target.classList && event.target.classList.contains("facet_checkbox") && !window.jQuery) {
            var url = event.target.parentNode.querySelector(".facet_url");
            if (url) {
                window.location.href = url.value;
            }
        }
    });
    document.addEventListener("click", function (event) {
        var dismiss = event.target.closest && event.target.closest('[data-dismiss="alert"]');
        if (dismiss && !window.jQuery) {  // with jQuery, Bootstrap's own script closes it
            event.preventDefault();
            var alert = dismiss.closest(".alert");
            if (alert) {
                alert.remove();
            }
            return;
        }
        var target = event.target.closest ?
            event.target.closest("[data-confirm], [data-print], [data-go-back], [data-close-window]") : null;
        if (!target) {
            return;
        }
        if (target.hasAttribute("data-confirm") && !window.confirm(target.getAttribute("data-confirm"))) {
            event.preventDefault();
        } else if (target.hasAttribute("data-print")) {
            event.preventDefault();
            window.print();
        } else if (target.hasAttribute("data-go-back")) {
            event.preventDefault();
            window.history.back();
        } else if (target.hasAttribute("data-close-window")) {
            event.preventDefault();
            window.close();
        }
    });
    // load and error do not bubble: listened for on the way down.
    function uploadPreview(event) {
        var image = event.target;
        if (!image || image.tagName !== "IMG" || !image.hasAttribute("data-upload-button")) {
            return;
        }
        var button = document.querySelector(image.getAttribute("data-upload-button"));
        if (button) {
            button.style.display = event.type === "load" ? "none" : "";
        }
        if (event.type === "error" && image.getAttribute("src")) {
            window.alert(image.getAttribute("data-upload-error"));
        }
    }
    document.addEventListener("load", uploadPreview, true);
    document.addEventListener("error", uploadPreview, true);
})();
