/* Scoring on a phone (contests/score_home.html and contests/score_entry.html).

   The meeting screen: the "now presenting" card is re-read by htmx every few seconds; when the
   chair moves on, the group presenting now is highlighted in the member's list.

   The scoring form never loses a score. Every change is kept at once in localStorage (the whole
   form and the pending action) and sent to the server a moment later as JSON. A send that fails
   (no connection, a server error) stays pending and is sent again when the connection returns and
   every few seconds; once the server confirms it, the phone's copy is dropped. A page reloaded
   while offline puts a pending copy that is newer than the server's back into the form and sends
   it. "Submit" goes through the same queue, once. The total shown while typing is computed here
   for display only: the server's total is the one that counts. Plain ES2017, no build step. */
(function () {
  "use strict";

  var RETRY_MS = 5000;
  var DEBOUNCE_MS = 500;

  function followNowPresenting(list) {
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      // Signed out meanwhile: the poll was answered by the login page. Show it, not inside the card.
      var url = event.detail.xhr.responseURL || "";
      if (url.indexOf("/now/") === -1) {
        event.detail.shouldSwap = false;
        window.location.reload();
      }
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      var card = document.getElementById("now-presenting");
      if (!card) return;
      var now = card.dataset.nowPresenting;
      list.querySelectorAll("[data-entry]").forEach(function (item) {
        item.classList.toggle("is-now", item.dataset.entry === now);
      });
    });
  }

  var storage = {
    read: function (key) {
      try { return JSON.parse(window.localStorage.getItem(key)); } catch (error) { return null; }
    },
    write: function (key, value) {
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (error) { /* private mode: still sent */ }
    },
    forget: function (key) {
      try { window.localStorage.removeItem(key); } catch (error) { /* nothing kept */ }
    },
  };

  function points(text) {
    var value = String(text).trim().replace(",", ".");
    return /^\d+(\.\d+)?$/.test(value) ? Number(value) : null;
  }

  function plain(number) {
    return String(Math.round(number * 100) / 100);
  }

  function scoringForm(form) {
    var key = form.dataset.storageKey;
    var status = document.getElementById("save-status");
    var totalOutput = document.getElementById("live-total");
    var saveButton = document.getElementById("save-button");
    var confirmButton = document.getElementById("confirm-submit");
    var submitStep = document.getElementById("submit-step");
    var rows = Array.from(form.querySelectorAll(".criterion"));
    var fields = Array.from(form.querySelectorAll(".score-input, textarea"));
    var lang = document.documentElement.lang || undefined;

    var base = form.dataset.savedAt; // the server's last save that this page knows of
    var action = "save";
    var version = 0; // goes up with every change
    var sending = false;
    var again = false;
    var debounce = null;
    var retry = null;
    var done = false;
    var reveal = false; // the member pressed a button: bring the answer into view

    function bringIntoView(element) {
      if (reveal) element.scrollIntoView({ block: "center", behavior: "smooth" });
      reveal = false;
    }

    function say(state, text) {
      status.dataset.state = state;
      status.textContent = text;
    }

    function serverTime(iso) {
      var time = new Date(iso).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      return form.dataset.msgServer.replace("__TIME__", time);
    }

    function state() {
      var values = {};
      fields.forEach(function (field) { values[field.name] = field.value; });
      return { values: values, action: action, base: base, changedAt: Date.now() };
    }

    function keep() {
      storage.write(key, state());
    }

    function lock(locked) {
      fields.forEach(function (field) { field.readOnly = locked; });
      form.querySelectorAll(".btn-pick").forEach(function (button) { button.disabled = locked; });
      saveButton.disabled = locked;
      confirmButton.disabled = locked;
    }

    function showTotal() {
      var total = 0;
      rows.forEach(function (row) {
        if (row.dataset.independent === "true") return;
        var value = points(row.querySelector(".score-input").value);
        if (value !== null && value <= Number(row.dataset.max)) total += value * Number(row.dataset.weight);
      });
      totalOutput.textContent = plain(total);
    }

    function showPicks(row) {
      var value = points(row.querySelector(".score-input").value);
      row.querySelectorAll(".btn-pick").forEach(function (button) {
        button.classList.toggle("active", value !== null && Number(button.dataset.pick) === value);
      });
    }

    function showErrors(errors) {
      rows.forEach(function (row) {
        var input = row.querySelector(".score-input");
        var message = errors[input.name] || "";
        input.classList.toggle("is-invalid", message !== "");
        document.getElementById(input.name + "-error").textContent = message;
      });
    }

    function pending(text, stateName) {
      say(stateName || "local", text || (action === "submit" ? form.dataset.msgLocalSubmit : form.dataset.msgLocal));
      window.clearTimeout(retry);
      retry = window.setTimeout(send, RETRY_MS);
    }

    function backToDraft() {
      action = "save";
      lock(false);
      var kept = storage.read(key);
      if (kept) {
        kept.action = "save";
        storage.write(key, kept);
      }
    }

    function confirmed(data, sent) {
      base = data.saved_at;
      showErrors({});
      if (data.status === "submitted") {
        done = true;
        storage.forget(key);
        lock(true);
        totalOutput.textContent = plain(Number(data.total));
        say("submitted", form.dataset.msgSubmitted);
        window.setTimeout(function () { window.location.assign(form.dataset.homeUrl); }, 1500);
        return;
      }
      if (sent === version) {
        storage.forget(key);
        totalOutput.textContent = plain(Number(data.total));
        say("server", serverTime(data.saved_at));
      } else {
        var kept = storage.read(key);
        if (kept) {
          kept.base = base;
          storage.write(key, kept);
        }
      }
    }

    function answered(response, data, sent) {
      if (response === null || response.status >= 500) {
        pending();
        bringIntoView(status);
      } else if (response.status === 404) {
        storage.forget(key);
        lock(true);
        say("refused", form.dataset.msgGone);
        bringIntoView(status);
      } else if (data === null) {
        pending(form.dataset.msgSession, "session"); // logged out, or the page is too old
        bringIntoView(status);
      } else if (response.ok) {
        confirmed(data, sent);
      } else if (response.status === 400) {
        showErrors(data.errors || {});
        backToDraft();
        say("error", data.message);
        bringIntoView(form.querySelector(".score-input.is-invalid") || status);
      } else {
        backToDraft(); // 409: refused for a reason no retry can fix; the phone keeps its copy
        say("refused", data.message);
        bringIntoView(status);
      }
      reveal = false;
    }

    function send() {
      window.clearTimeout(debounce);
      window.clearTimeout(retry);
      if (done || !storage.read(key)) return;
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      again = false;
      var sent = version;
      var body = new FormData(form);
      body.set("action", action);
      say("sending", action === "submit" ? form.dataset.msgSubmitting : form.dataset.msgSaving);
      window.fetch(window.location.pathname, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") },
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (json ? response.json() : Promise.resolve(null)).then(function (data) { return [response, data]; });
      }).catch(function () {
        return [null, null];
      }).then(function (result) {
        sending = false;
        answered(result[0], result[1], sent);
        if (again) send();
      });
    }

    function changed() {
      version += 1;
      keep();
      showTotal();
      window.clearTimeout(debounce);
      debounce = window.setTimeout(send, DEBOUNCE_MS);
    }

    form.addEventListener("input", function (event) {
      var row = event.target.closest(".criterion");
      if (row) showPicks(row);
      changed();
    });

    rows.forEach(function (row) {
      var picks = row.querySelector(".quick-picks");
      picks.hidden = false;
      picks.addEventListener("click", function (event) {
        var button = event.target.closest(".btn-pick");
        if (!button || button.disabled) return;
        var input = row.querySelector(".score-input");
        input.value = button.dataset.pick;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      showPicks(row);
    });

    var clicked = null; // for browsers without SubmitEvent.submitter
    form.addEventListener("click", function (event) {
      clicked = event.target.closest("button[type=submit]");
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if ((event.submitter || clicked) === confirmButton) {
        if (action === "submit") return; // a second tap: already on its way
        action = "submit";
        lock(true);
        version += 1;
      }
      reveal = true;
      keep();
      send();
    });

    window.addEventListener("online", send);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") send(); // the screen locks: send what is pending now
    });

    // A copy left on this phone (reloaded while offline): newer than the server's? Then resend it.
    var kept = storage.read(key);
    if (kept && (!base || kept.base === base || kept.changedAt > Date.parse(base))) {
      fields.forEach(function (field) {
        if (Object.prototype.hasOwnProperty.call(kept.values, field.name)) field.value = kept.values[field.name];
      });
      rows.forEach(showPicks);
      action = kept.action === "submit" ? "submit" : "save";
      if (action === "submit") {
        lock(true);
        submitStep.open = true;
      }
      showTotal();
      send();
    } else if (kept) {
      storage.forget(key);
    }
  }

  var list = document.getElementById("entry-list");
  if (list) followNowPresenting(list);
  var form = document.getElementById("score-form");
  if (form) scoringForm(form);
  var submitted = document.querySelector("[data-forget-key]");
  if (submitted) storage.forget(submitted.dataset.forgetKey);
})();
