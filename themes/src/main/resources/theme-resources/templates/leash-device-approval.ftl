<#ftl output_format="HTML">
<#-- Leash device approval. Everything the device sent is escaped by FreeMarker's HTML output format:
     never ?no_esc on device data. It works in any login theme; the leash theme (properties.leashTheme)
     adds its styles and the live countdown, which is progressive enhancement: the page works without
     JavaScript. -->
<#import "template.ftl" as layout>

<#-- Text sent by the device: a preview with the full value on demand, flagged when it hid characters. -->
<#macro deviceText text>
  <#if text.truncated>
    <details class="leash-long-value"><summary>${text.preview}</summary><span class="leash-full-value">${text.full}</span></details>
  <#else>
    <span class="leash-value">${text.full}</span>
  </#if>
  <#if text.disguised>
    <strong class="leash-disguised" role="note">${msg("leashDisguisedText")}</strong>
  </#if>
</#macro>

<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    ${msg("leashApprovalTitle", leashApproval.clientName)}
  <#elseif section = "form">
    <p id="leash-approval-warning" class="leash-warning"><strong>${msg("leashApprovalWarning")}</strong></p>

    <section class="leash-facts leash-verified" aria-labelledby="leash-verified-heading">
      <h2 id="leash-verified-heading">${msg("leashVerifiedHeading")}</h2>
      <dl id="leash-verified">
        <dt>${msg("leashAgentLabel")}</dt>
        <dd id="leash-agent">${leashApproval.clientName} (<code>${leashApproval.clientId}</code>)
          <#if leashApproval.clientDescription??><br><span id="leash-agent-description">${leashApproval.clientDescription}</span></#if>
        </dd>
        <#if leashApproval.contextKnown>
          <dt>${msg("leashSourceIpLabel")}</dt>
          <dd id="leash-source-ip">${leashApproval.sourceIp!""}</dd>
          <dt>${msg("leashRequestedAtLabel")}</dt>
          <dd id="leash-requested-at">
            <#-- Keycloak hands message arguments over as text, so no MessageFormat choice here. -->
            <#if leashApproval.minutesSinceRequest == 0>${msg("leashAskedJustNow")}<#elseif leashApproval.minutesSinceRequest == 1>${msg("leashAskedOneMinuteAgo")}<#else>${msg("leashAskedMinutesAgo", leashApproval.minutesSinceRequest?c)}</#if>
            (<time datetime="${leashApproval.requestedAt}">${leashApproval.requestedAt}</time>)
          </dd>
        </#if>
        <#if leashApproval.userCode??>
          <dt>${msg("leashUserCodeLabel")}</dt>
          <dd id="leash-user-code"><code>${leashApproval.userCode}</code><br><span>${msg("leashUserCodeCompare")}</span></dd>
        </#if>
        <dt>${msg("leashBindingLabel")}</dt>
        <dd id="leash-binding" class="leash-binding-${leashApproval.binding}">${msg("leashBinding." + leashApproval.binding)}</dd>
        <dt>${msg("leashScopesLabel")}</dt>
        <dd>
          <ul id="leash-scopes">
            <#list leashApproval.scopes as scope>
              <li><code>${scope.name}</code><#if scope.consentText??>: ${advancedMsg(scope.consentText)}</#if></li>
            </#list>
          </ul>
        </dd>
        <dt>${msg("leashTimeLeftLabel")}</dt>
        <dd id="leash-time-left">
          <span class="leash-countdown" data-seconds-left="${leashApproval.secondsLeft?c}"
                data-expired-text="${msg("leashCountdownExpired")}">${msg("leashSecondsLeft", leashApproval.secondsLeft?c)}</span>
        </dd>
      </dl>
    </section>

    <#-- The User-Agent header is the device's own word too: the server only saw it sent. -->
    <#if leashApproval.claimed?has_content || leashApproval.contextKnown>
      <section class="leash-facts leash-claimed" aria-labelledby="leash-claimed-heading">
        <h2 id="leash-claimed-heading">${msg("leashClaimedHeading")}</h2>
        <p>${msg("leashClaimedExplanation")}</p>
        <dl id="leash-claimed">
          <#if leashApproval.contextKnown>
            <dt>${msg("leashUserAgentLabel")} <span class="leash-claimed-badge">${msg("leashClaimedBadge")}</span></dt>
            <dd id="leash-user-agent" class="leash-claimed-value"><#if leashApproval.userAgent??><@deviceText leashApproval.userAgent/><#else>${msg("leashUnknown")}</#if></dd>
          </#if>
          <#list leashApproval.claimed as field>
            <dt><#if field.labelKey??>${msg(field.labelKey)}<#else><code>${field.name}</code></#if> <span class="leash-claimed-badge">${msg("leashClaimedBadge")}</span></dt>
            <dd id="leash-claimed-${field.name}" class="leash-claimed-value"><@deviceText field.value/></dd>
          </#list>
        </dl>
      </section>
    </#if>

    <form id="leash-approval-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <#if leashApproval.error??>
        <p id="leash-approval-error" role="alert" class="${properties.kcInputErrorMessageClass!}">${msg(leashApproval.error)}</p>
      </#if>
      <#if leashApproval.codeSuffixRequired>
        <div class="${properties.kcFormGroupClass!}">
          <label for="leash-code-suffix" class="${properties.kcFormLabelClass!}">${msg("leashCodeSuffixLabel", leashApproval.codeSuffixLength)}</label>
          <input id="leash-code-suffix" name="code_suffix" type="text" autocomplete="off" required
                 maxlength="${(leashApproval.codeSuffixLength + 1)?c}" class="${properties.kcInputClass!}">
        </div>
      </#if>
      <#if leashApproval.justificationRequired>
        <div class="${properties.kcFormGroupClass!}">
          <label for="leash-justification" class="${properties.kcFormLabelClass!}">${msg("leashJustificationLabel")}</label>
          <textarea id="leash-justification" name="justification" rows="3" required
                    maxlength="${leashApproval.justificationMaxLength?c}" class="${properties.kcInputClass!}"></textarea>
        </div>
      </#if>
      <div class="leash-decision">
        <button type="submit" name="decision" value="approve" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}">${msg("leashApprove")}</button>
        <button type="submit" name="decision" value="deny" formnovalidate class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}">${msg("leashDeny")}</button>
      </div>
    </form>
    <#if properties.leashTheme??>
      <script src="${url.resourcesPath}/js/leash-countdown.js" defer></script>
    </#if>
  </#if>
</@layout.registrationLayout>
