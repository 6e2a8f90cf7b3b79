import { describe, expect, it } from 'vitest';
import { MailTemplateDataError, UnknownMailTemplateError } from './errors.js';
import { renderTemplate, templates, type TemplateName } from './templates/registry.js';

const ctx = { baseUrl: 'https://data.example.org' };
const title = 'Lifebrain MRI wave 2';

const cases: { [K in TemplateName]: { data: Parameters<(typeof templates)[K]>[0]; subject: string; text: string[]; links: string[] } } = {
  reviewRequested: {
    data: { requestId: 'req-1', requestType: 'embargo', recordId: 'k3x9p-2mq7a', recordTitle: title, requestedBy: 'Kari Nordmann', message: 'Five years, please.' },
    subject: `Review requested: ${title}`,
    text: ['Kari Nordmann asks for approval of an embargo of “Lifebrain MRI wave 2”.', '> Five years, please.'],
    links: ['https://data.example.org/requests/req-1', 'https://data.example.org/uploads/k3x9p-2mq7a'],
  },
  reviewDecided: {
    data: { requestId: 'req-1', requestType: 'embargo', recordId: 'k3x9p-2mq7a', recordTitle: title, decision: 'declined', decidedBy: 'Ola Curator', comment: 'Two years at most.' },
    subject: `Request declined: ${title}`,
    text: ['Your request for approval of an embargo of “Lifebrain MRI wave 2” was declined by Ola Curator.', 'Ola Curator wrote:\n> Two years at most.'],
    links: ['https://data.example.org/requests/req-1'],
  },
  embargoLifted: {
    data: { recordId: 'k3x9p-2mq7a', recordTitle: title, liftedAt: '2030-01-01T00:00:00Z' },
    subject: `Embargo lifted: ${title}`,
    text: ['The embargo on “Lifebrain MRI wave 2” ended on 1 January 2030.'],
    links: ['https://data.example.org/records/k3x9p-2mq7a'],
  },
  accessRequested: {
    data: { requestId: 'acc-7', recordId: 'k3x9p-2mq7a', recordTitle: title, requesterName: 'Sofía García', requesterEmail: 'sofia@ub.edu', message: 'For a replication study.' },
    subject: `Access requested: ${title}`,
    text: ['Sofía García (sofia@ub.edu) asks for access to the restricted files of “Lifebrain MRI wave 2”.', '> For a replication study.'],
    links: ['https://data.example.org/requests/acc-7', 'https://data.example.org/records/k3x9p-2mq7a'],
  },
  accessGranted: {
    data: { recordId: 'k3x9p-2mq7a', recordTitle: title, permission: 'download', expiresAt: '2027-06-30T12:00:00Z' },
    subject: `Access granted: ${title}`,
    text: ['You may now download the restricted files of “Lifebrain MRI wave 2” until 30 June 2027, 12:00 UTC.'],
    links: ['https://data.example.org/records/k3x9p-2mq7a'],
  },
  accessDeclined: {
    data: { recordId: 'k3x9p-2mq7a', recordTitle: title, comment: 'Consent does not cover this use.' },
    subject: `Access declined: ${title}`,
    text: ['Your request for access to the restricted files of “Lifebrain MRI wave 2” was declined.', '> Consent does not cover this use.'],
    links: ['https://data.example.org/records/k3x9p-2mq7a'],
  },
  tokenExpiring: {
    data: { tokenName: 'pipeline-ci', expiresAt: '2026-12-01T00:00:00Z' },
    subject: 'Your access token pipeline-ci expires on 1 December 2026',
    text: ['Your personal access token “pipeline-ci” expires on 1 December 2026.'],
    links: ['https://data.example.org/account/settings/applications'],
  },
};

describe('mail templates', () => {
  it.each(Object.keys(cases) as TemplateName[])('%s renders subject, text and HTML with absolute links', (name) => {
    const c = cases[name];
    const mail = renderTemplate(name, c.data, ctx);
    expect(mail.subject).toBe(c.subject);
    for (const line of c.text) expect(mail.text).toContain(line);
    for (const link of c.links) {
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(`href="${link}"`);
    }
    expect(mail.text).toMatch(/\n-- \nYou receive this message/);
    expect(mail.html).toMatch(/^<!doctype html>/);
  });

  it('covers every event a person must know about', () => {
    expect(Object.keys(templates).sort()).toEqual(Object.keys(cases).sort());
  });

  it('escapes HTML from titles, names and comments, and keeps subjects on one line', () => {
    const evil = '<script>alert("x")</script> & <b>bold</b>\r\nBcc: evil@example.net';
    const mail = renderTemplate(
      'reviewDecided',
      { requestId: 'r"><img src=x onerror=alert(1)>', requestType: '<i>x</i>', recordId: 'k3x9p', recordTitle: evil, decision: 'accepted', decidedBy: '<b>Ola</b>', comment: "<img src=x onerror=alert(1)>\nLine 2 'quoted'" },
      ctx,
    );
    expect(mail.html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>Line 2 &#39;quoted&#39;');
    expect(mail.html).toContain('href="https://data.example.org/requests/r%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('Request accepted: <script>alert("x")</script> & <b>bold</b> Bcc: evil@example.net');
    expect(mail.text).toContain('“<script>alert("x")</script>'); // plain text is not HTML: shown as written
  });

  it('refuses bad data with the catalogue errors', () => {
    expect(() => renderTemplate('nope', {}, ctx)).toThrow(UnknownMailTemplateError);
    expect(() => renderTemplate('embargoLifted', { recordId: 'x', recordTitle: 't' }, ctx)).toThrow(MailTemplateDataError);
    expect(() => renderTemplate('embargoLifted', { recordId: 'x', recordTitle: 't', liftedAt: 'soon' }, ctx)).toThrow(/liftedAt is not a date/);
    expect(() => renderTemplate('reviewDecided', { ...cases.reviewDecided.data, decision: 'maybe' }, ctx)).toThrow(/accepted or declined/);
    expect(() => renderTemplate('accessGranted', { ...cases.accessGranted.data, permission: 'edit' }, ctx)).toThrow(MailTemplateDataError);
    expect(() => renderTemplate('tokenExpiring', null, ctx)).toThrow(MailTemplateDataError);
  });
});
