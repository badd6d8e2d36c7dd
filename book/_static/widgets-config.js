/*
 * Loyalty Lab: make the ipywidgets HTML manager work with no network.
 *
 * Loaded (only on pages that carry widget state) after vendor/requirejs and
 * before vendor/widgets/embed-amd.js; see nb_ipywidgets_js in _config.yml.
 *
 * Why each line is here:
 * - baseUrl: the widget manager's fallback for an unknown widget module is
 *   "<data-jupyter-widgets-cdn><name>@<version>/dist/index". Pointing the
 *   attribute at a relative folder and baseUrl at this _static folder turns
 *   that fallback into a local path (vendor/widgets/npm/...), so a missing
 *   module fails visibly instead of reaching for jsdelivr.
 * - the @jupyter-widgets/* paths: embed-amd.js defines these modules by name,
 *   so nothing is fetched for them, but webpack derives the folder of its
 *   Font Awesome fonts from each module's URI. Mapping the names to files in
 *   vendor/widgets makes the fonts resolve to the vendored copies.
 * - anywidget: its AMD build, vendored from the anywidget wheel.
 * - MathJax.Hub: ipywidgets typesets widget labels with the MathJax 2 call
 *   MathJax.Hub.Queue whenever window.MathJax exists; the book ships MathJax 3,
 *   which has no Hub, so on a page with both math and widgets every label
 *   threw "Cannot read properties of undefined (reading 'Queue')". A small
 *   Hub that forwards to MathJax 3's typesetPromise fixes it.
 */
(function () {
  "use strict";

  function installHub(mathjax) {
    if (!mathjax || mathjax.Hub) {
      return;
    }
    mathjax.Hub = {
      Queue: function (job) {
        var element = job && job[2];
        var mj = window.MathJax;
        if (mj && mj.startup && mj.startup.promise && mj.typesetPromise) {
          mj.startup.promise
            .then(function () {
              return mj.typesetPromise(element ? [element] : undefined);
            })
            .catch(function () {});
        }
        // Before MathJax 3 has started, its first pass typesets the labels.
      },
    };
  }

  var config = window.MathJax;
  if (config && !config.version) {
    // Still the configuration object Sphinx wrote: MathJax 3 has not started.
    installHub(config);
    config.startup = config.startup || {};
    var ready = config.startup.ready;
    config.startup.ready = function () {
      if (ready) {
        ready();
      } else {
        window.MathJax.startup.defaultReady();
      }
      installHub(window.MathJax);
    };
  } else if (config) {
    installHub(config);
  }
})();

(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.requirejs) {
    return;
  }
  var here = script.src;
  var base = here.slice(0, here.lastIndexOf("/") + 1); // .../_static/
  var widgets = base + "vendor/widgets/";
  window.requirejs.config({
    baseUrl: base,
    paths: {
      "@jupyter-widgets/base": widgets + "base",
      "@jupyter-widgets/base7": widgets + "base7",
      "@jupyter-widgets/controls": widgets + "controls",
      "@jupyter-widgets/controls7": widgets + "controls7",
      "@jupyter-widgets/html-manager": widgets + "html-manager",
      "@jupyter-widgets/html-manager/dist/libembed-amd": widgets + "libembed-amd",
      anywidget: widgets + "anywidget/index",
    },
  });
})();
