<#ftl output_format="HTML">
<#-- Leash device approval (plain version; the themed page comes with the leash theme).
     Everything from the device is escaped by FreeMarker's HTML output format: no ?no_esc here. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    ${msg("leashApprovalTitle", leashApproval.clientName)}
  <#elseif section = "form">
    <p id="leash-approval-warning"><strong>${msg("leashApprovalWarning")}</strong></p>

    <h2>${msg("leashVerifiedHeading")}</h2>
    <dl id="leash-verified">
      <dt>${msg("leashAgentLabel")}</dt>
      <dd>${leashApproval.clientName} (${leashApproval.clientId})</dd>
      <#if leashApproval.contextKnown>
        <dt>${msg("leashSourceIpLabel")}</dt>
        <dd id="leash-source-ip">${leashApproval.sourceIp!""}</dd>
        <dt>${msg("leashRequestedAtLabel")}</dt>
        <dd><time datetime="${leashApproval.requestedAt}">${leashApproval.requestedAt}</time></dd>
        <dt>${msg("leashUserAgentLabel")}</dt>
        <dd id="leash-user-agent">${leashApproval.userAgent!msg("leashUnknown")}</dd>
      </#if>
      <dt>${msg("leashBindingLabel")}</dt>
      <dd id="leash-binding">${msg("leashBinding." + leashApproval.binding)}</dd>
      <dt>${msg("leashScopesLabel")}</dt>
      <dd>
        <ul id="leash-scopes">
          <#list leashApproval.scopes as scope>
            <li><code>${scope.name}</code><#if scope.consentText??>: ${advancedMsg(scope.consentText)}</#if></li>
          </#list>
        </ul>
      </dd>
      <dt>${msg("leashTimeLeftLabel")}</dt>
      <dd id="leash-time-left">${msg("leashSecondsLeft", leashApproval.secondsLeft?c)}</dd>
    </dl>

    <#if leashApproval.claimed?has_content>
      <h2>${msg("leashClaimedHeading")}</h2>
      <p>${msg("leashClaimedExplanation")}</p>
      <dl id="leash-claimed">
        <#list leashApproval.claimed as field>
          <dt>${field.name}</dt>
          <dd id="leash-claimed-${field.name}" class="leash-claimed-value">${field.value}</dd>
        </#list>
      </dl>
    </#if>

    <form id="leash-approval-form" action="${url.loginAction}" method="post">
      <#if leashApproval.error??>
        <p id="leash-approval-error" role="alert" class="${properties.kcInputErrorMessageClass!}">${msg(leashApproval.error)}</p>
      </#if>
      <#if leashApproval.codeSuffixRequired>
        <label for="leash-code-suffix">${msg("leashCodeSuffixLabel", leashApproval.codeSuffixLength)}</label>
        <input id="leash-code-suffix" name="code_suffix" type="text" autocomplete="off"
               maxlength="${(leashApproval.codeSuffixLength + 1)?c}" class="${properties.kcInputClass!}">
      </#if>
      <#if leashApproval.justificationRequired>
        <label for="leash-justification">${msg("leashJustificationLabel")}</label>
        <textarea id="leash-justification" name="justification" rows="3"
                  maxlength="${leashApproval.justificationMaxLength?c}" class="${properties.kcInputClass!}"></textarea>
      </#if>
      <button type="submit" name="decision" value="approve" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}">${msg("leashApprove")}</button>
      <button type="submit" name="decision" value="deny" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg("leashDeny")}</button>
    </form>
  </#if>
</@layout.registrationLayout>
