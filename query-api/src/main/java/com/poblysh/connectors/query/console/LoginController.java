package com.poblysh.connectors.query.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's sign-in page; Spring Security handles the form it posts ({@code POST /login}). */
@Controller
@Hidden
class LoginController {

    @GetMapping(ConsoleSecurity.LOGIN)
    String login() {
        return "console/login";
    }

    /** {@code /admin} alone leads to the console's page. */
    @GetMapping("/admin")
    String admin() {
        return "redirect:" + ProviderConnectionsController.PAGE;
    }
}
