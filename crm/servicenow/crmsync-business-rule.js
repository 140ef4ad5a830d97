/*
 * CrmSync business rule: tells CrmSync about every insert, update and delete of an account or a contact.
 *
 * Install it twice with this same script: on table customer_account and on table customer_contact,
 * When = async, Insert + Update + Delete ticked, Advanced ticked (README.md, "The business rule").
 * It reads two system properties:
 *   x_crmsync.endpoint  the CrmSync webhook URL of this source, e.g. https://crmsync.example.com/webhooks/servicenow
 *   x_crmsync.secret    the source's signing secret, whsec_<base64>, exactly as CrmSync's Secret setting holds it
 * and sends the whole record, signed as Standard Webhooks (https://www.standardwebhooks.com/).
 */
(function executeRule(current) {
    var ENDPOINT_PROPERTY = 'x_crmsync.endpoint';
    var SECRET_PROPERTY = 'x_crmsync.secret';
    var SECRET_PREFIX = 'whsec_';

    // Every field of the record by its internal value (UTC date-times, sys_ids for references), "" when empty.
    function recordValues(record) {
        var values = {};
        var elements = record.getElements();
        // A scoped app gets a JavaScript array, the global scope a java.util.ArrayList.
        var count = typeof elements.size === 'function' ? elements.size() : elements.length;
        for (var i = 0; i < count; i++) {
            var element = typeof elements.get === 'function' ? elements.get(i) : elements[i];
            var name = String(element.getName());
            var value = record.getValue(name);
            values[name] = value === null || value === undefined ? '' : String(value);
        }
        return values;
    }

    // Non-ASCII characters travel as \uXXXX escapes, so the signed text is the same bytes whatever charset
    // generateMac and the HTTP client use (ServiceNow documents neither); the JSON means the same.
    function asciiJson(value) {
        return JSON.stringify(value).replace(/[\u007f-\uffff]/g, function (character) {
            return '\\u' + ('0000' + character.charCodeAt(0).toString(16)).slice(-4);
        });
    }

    function macEngine() {
        // Scoped apps have CertificateEncryption; the global scope has GlideCertificateEncryption.
        return typeof CertificateEncryption !== 'undefined' ? new CertificateEncryption() : new GlideCertificateEncryption();
    }

    try {
        var endpoint = gs.getProperty(ENDPOINT_PROPERTY, '');
        var secret = gs.getProperty(SECRET_PROPERTY, '');
        if (!endpoint || !secret) {
            gs.error('CrmSync: nothing sent for ' + current.getTableName() + ' ' + current.getUniqueValue() +
                ': set the system properties ' + ENDPOINT_PROPERTY + ' and ' + SECRET_PROPERTY + '.');
            return;
        }
        if (secret.indexOf(SECRET_PREFIX) !== 0) {
            gs.error('CrmSync: nothing sent for ' + current.getTableName() + ' ' + current.getUniqueValue() +
                ': ' + SECRET_PROPERTY + ' must start with ' + SECRET_PREFIX + '; copy the Secret from CrmSync unchanged.');
            return;
        }

        var operation = String(current.operation());
        var record = recordValues(current);
        var message = { operation: operation, table: String(current.getTableName()), record: record };
        if (operation === 'delete') {
            message.sys_deleted_on = String(gs.nowNoTZ());
        }
        var body = asciiJson(message);

        // The id names this version of the record, so a resend of it is recognised as the same message.
        var id = 'sn_' + record.sys_id + '_' + record.sys_mod_count + '_' + operation;
        var timestamp = String(Math.floor(new Date().getTime() / 1000));
        // After whsec_ the secret is base64 already, which is the form generateMac takes its key in.
        var signature = macEngine().generateMac(secret.substring(SECRET_PREFIX.length), 'HmacSHA256', id + '.' + timestamp + '.' + body);

        var request = new sn_ws.RESTMessageV2();
        request.setEndpoint(endpoint);
        request.setHttpMethod('post');
        request.setRequestHeader('Content-Type', 'application/json');
        request.setRequestHeader('Accept', 'application/json');
        request.setRequestHeader('webhook-id', id);
        request.setRequestHeader('webhook-timestamp', timestamp);
        request.setRequestHeader('webhook-signature', 'v1,' + signature);
        request.setRequestBody(body);
        // Async: the ECC queue delivers it, so a slow or absent CrmSync never holds up the user's transaction.
        request.executeAsync();
    } catch (ex) {
        // A business rule that throws would surface in the user's form; log it where an admin looks instead.
        gs.error('CrmSync: could not send ' + current.getTableName() + ' ' + current.getUniqueValue() + ': ' + ex);
    }
})(current);
