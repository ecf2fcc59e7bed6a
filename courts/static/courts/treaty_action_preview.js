// The treaty action form: show the State's resulting status and effective date before saving.
// Asks the admin's preview view (TreatyActionAdmin.preview_view) whenever a deciding field changes.
'use strict';
(function ($) {
    const FIELDS = ['treaty', 'state', 'action_type', 'date', 'effective_date'];

    function render(panel, lines, failed) {
        const list = panel.querySelector('.treaty-action-preview-lines');
        list.replaceChildren(...lines.map(function (text) {
            const item = document.createElement('li');
            item.textContent = text;
            return item;
        }));
        panel.classList.toggle('errornote', failed);
    }

    // Answers can arrive out of order: only the answer to the latest question is shown.
    let latest = 0;

    function refresh(panel) {
        const asked = ++latest;
        const params = new URLSearchParams({id: panel.dataset.id});
        for (const name of FIELDS) {
            const input = document.getElementById('id_' + name);
            params.set(name, input ? input.value : '');
        }
        if (!params.get('treaty') || !params.get('state') || !params.get('action_type')) {
            render(panel, ['Choose the treaty, the State and the type of act to see the resulting status.'], false);
            return;
        }
        fetch(panel.dataset.url + '?' + params.toString(), {credentials: 'same-origin'})
            .then(function (response) {
                return response.json().then(function (body) { return {ok: response.ok, body: body}; });
            })
            .then(function (answer) {
                if (asked !== latest) { return; }
                if (answer.ok) {
                    render(panel, answer.body.lines, Object.keys(answer.body.problems).length > 0);
                    panel.dataset.state = 'ready';
                    return;
                }
                const lines = [];
                for (const [field, errors] of Object.entries(answer.body)) {
                    for (const error of errors) { lines.push(field + ': ' + error.message); }
                }
                render(panel, lines, true);
                panel.dataset.state = 'ready';
            });
    }

    $(function () {
        const panel = document.getElementById('treaty-action-preview');
        if (!panel) { return; }
        const selector = FIELDS.map(function (name) { return '#id_' + name; }).join(', ');
        // jQuery's delegation also hears the change events that select2 (the autocompletes) triggers.
        $(document).on('change', selector, function () { refresh(panel); });
        document.getElementById('treaty-action-preview-button').addEventListener('click', function () {
            refresh(panel);
        });
        refresh(panel);
    });
})(django.jQuery);
