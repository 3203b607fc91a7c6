<#ftl output_format="HTML">
<#-- Leash: the device page's code entry, with the warning that matters most against device-code
     phishing (only enter a code you started yourself). Codes are accepted with or without the dash,
     in any case (Keycloak's user-code provider normalises them). -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
  <#if section = "header">
    ${msg("oauth2DeviceVerificationTitle")}
  <#elseif section = "form">
    <div id="leash-code-guidance" class="leash-warning">
      <p><strong>${msg("leashCodeEntryWarning")}</strong></p>
      <p>${msg("leashCodeEntryHint")}</p>
    </div>
    <form id="kc-user-verify-device-user-code-form" class="${properties.kcFormClass!}" action="${url.oauth2DeviceVerificationAction}" method="post">
      <#-- A code another page's link filled in (leashCodeToConfirm) is not looked up until the person
           submits it here. -->
      <#if leashCodeToConfirm??>
        <p id="leash-code-to-confirm">${msg("leashCodeToConfirmHint")}</p>
      </#if>
      <@field.input name="device_user_code" label=msg("leashCodeEntryLabel") value=(leashCodeToConfirm!"") autofocus=true />
      <@buttons.actionGroup>
        <@buttons.button id="kc-login" label="doSubmit" />
      </@buttons.actionGroup>
    </form>
  </#if>
</@layout.registrationLayout>
