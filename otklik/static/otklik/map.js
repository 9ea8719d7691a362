// The map of incidents: Leaflet draws the territories coloured by their incidents, the incidents'
// points sized by how many share a place, and a heat layer to switch on. The data comes from
// data.json (GeoJSON, the page's own filters); every name goes in as text, never as HTML. Without
// JavaScript, or for a city with no outlines and no tile server, the schematic and the table stay.
(function () {
  "use strict";
  var root = document.querySelector("[data-map]");
  if (!root || !window.L) return;
  var tiles = root.dataset.tiles;
  if (root.dataset.outlines !== "1" && !tiles) return;
  var schematic = document.querySelector("[data-schematic]");
  var LABEL_ZOOM = 12.5;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function plural(n, one, few, many) {
    var t = Math.abs(n) % 100, u = t % 10;
    if (u === 1 && t !== 11) return one;
    if (u >= 2 && u <= 4 && (t < 12 || t > 14)) return few;
    return many;
  }

  function incidents(n) {
    return n + " " + plural(n, "обращение", "обращения", "обращений");
  }

  function territoryPopup(p, metricLabel) {
    var box = el("div", null, "map-popup");
    box.appendChild(el("h3", p.name));
    box.appendChild(el("p", "Своих: " + incidents(p.count)));
    if (p.container) box.appendChild(el("p", "Всего с вложенными: " + incidents(p.total)));
    if (p.rate !== null && p.rate !== undefined) {
      box.appendChild(el("p", "На 1000 жителей: " + String(p.rate).replace(".", ",")));
    }
    if (p.parent_name) box.appendChild(el("p", "Входит в: " + p.parent_name));
    box.appendChild(el("p", "Цвет — " + metricLabel));
    return box;
  }

  function pointPopup(p) {
    var box = el("div", null, "map-popup");
    box.appendChild(el("h3", p.label));
    box.appendChild(el("p", incidents(p.count)));
    if (p.territory && p.territory !== p.label) box.appendChild(el("p", p.territory));
    if (p.approximate) box.appendChild(el("p", "Адрес не распознан: точка в центре территории"));
    return box;
  }

  function territoryStyle(feature) {
    var p = feature.properties;
    return p.container
      ? { color: "#16325c", weight: 2, dashArray: "6 4", fill: false }
      : { color: "#4b5563", weight: 1, fillColor: p.fill, fillOpacity: 0.8 };
  }

  function territoryLayer(data) {
    var features = data.territories.features.filter(function (f) { return f.geometry; });
    features.sort(function (a, b) { return (b.properties.container ? 1 : 0) - (a.properties.container ? 1 : 0); });
    return L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: territoryStyle,
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        return L.circleMarker(latlng, { radius: 12, color: "#4b5563", weight: 1, fillColor: p.fill, fillOpacity: 0.8 });
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindPopup(territoryPopup(p, data.metric_label));
        if (!p.container) {
          layer.bindTooltip(el("span", p.name + " · " + p.total), {
            permanent: true, direction: "center", className: "map-label", opacity: 0.9
          });
        }
      }
    });
  }

  function pointLayer(data) {
    var group = L.featureGroup();
    data.points.features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      L.circleMarker([c[1], c[0]], {
        radius: 4 + 3 * Math.sqrt(p.count),
        color: "#7a1b2b",
        weight: p.approximate ? 1.5 : 1,
        dashArray: p.approximate ? "3 3" : null,
        fillColor: "#b9283c",
        fillOpacity: p.approximate ? 0.2 : 0.6
      }).bindPopup(pointPopup(p)).addTo(group);
    });
    return group;
  }

  function heatLayer(data) {
    if (!L.heatLayer) return null;
    var top = 1;
    var cells = data.points.features.map(function (f) {
      top = Math.max(top, f.properties.count);
      return [f.geometry.coordinates[1], f.geometry.coordinates[0], f.properties.count];
    });
    return L.heatLayer(cells, { radius: 28, blur: 20, max: top, minOpacity: 0.3 });
  }

  function draw(data) {
    root.hidden = false;
    if (schematic && root.dataset.outlines === "1") schematic.classList.add("replaced");
    var map = L.map(root, { attributionControl: !!tiles, zoomSnap: 0.25 });
    map.setView([parseFloat(root.dataset.lat), parseFloat(root.dataset.lon)], 12);
    if (tiles) {
      var host = tiles.split("/")[2] || "";
      L.tileLayer(tiles, { maxZoom: 18, attribution: "Подложка: " + host.replace("{s}.", "") }).addTo(map);
    }
    var territories = territoryLayer(data).addTo(map);
    var points = pointLayer(data).addTo(map);
    var overlays = { "Территории": territories, "Точки обращений": points };
    var heat = heatLayer(data);
    if (heat) overlays["Тепловая карта"] = heat;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    // Names crowd each other when the town is small on screen: they show from LABEL_ZOOM in.
    function labels() { root.classList.toggle("far", map.getZoom() < LABEL_ZOOM); }
    map.on("zoomend", labels);
    var bounds = territories.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
    labels();
    root.dataset.ready = String(data.points.features.length);
  }

  function fail() {
    root.hidden = true;
    if (schematic) schematic.classList.remove("replaced");
    var note = el("p", "Карту не удалось загрузить: показана схема и таблица.", "error");
    root.parentNode.insertBefore(note, root);
  }

  fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(draw)
    .catch(fail);
})();
