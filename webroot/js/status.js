// Tells the visitor, in plain Italian, whether Sportello can serve them right now.
(function () {
  var target = document.getElementById('stato-servizio');
  fetch('/health/ready', { headers: { Accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (body) {
      target.textContent = body.status === 'UP'
        ? 'Sportello è attivo: puoi cercare e prenotare i servizi.'
        : 'Sportello non è disponibile in questo momento. Riprova tra qualche minuto.';
    })
    .catch(function () {
      target.textContent = 'Non riesco a raggiungere Sportello. Controlla la connessione.';
    });
})();
